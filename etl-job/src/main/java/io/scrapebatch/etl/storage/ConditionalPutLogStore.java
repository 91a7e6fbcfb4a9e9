package io.scrapebatch.etl.storage;

import io.delta.storage.HadoopFileSystemLogStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options.CreateFileOptionKeys;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.AWSServiceIOException;
import org.apache.hadoop.fs.s3a.RemoteFileChangedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delta's commit protocol on S3 for writers in different JVMs. Delta commits version N by creating
 * {@code _delta_log/N.json} only if it does not exist; its default S3 store checks that with a lock
 * inside one JVM, so two drivers can both "create" N and one commit is silently lost. This store
 * creates commit files with S3's conditional PUT ({@code If-None-Match: *}, Hadoop's {@code
 * fs.option.create.conditional.overwrite}): the server lets exactly one writer create N, and the
 * others get {@link java.nio.file.FileAlreadyExistsException}, on which Delta checks for conflicts
 * and retries at N+1.
 *
 * <p>A lost response makes a conditional PUT ambiguous: the object was created but the client saw
 * an error, and the SDK's retry of the same PUT then gets 412. Taken as "another writer won", Delta
 * would commit the same actions again as N+1: a duplicate. So on 412 the store reads N back and,
 * when it holds exactly the bytes this write meant to create, reports success. Identical bytes from
 * two different writers do not occur for Delta commits: every commit carries a commitInfo with its
 * own timestamp and random txnId, and data files have random UUID names; a commit without
 * commitInfo ({@code commitInfo.enabled=false}) still adds or removes uniquely named files or a
 * metadata action with a new id. Were two writers ever to write the same bytes, the log would still
 * hold exactly the actions each of them meant to commit.
 *
 * <p>Every writer of a table must use this store (a writer with the default store can still
 * overwrite), and the server must enforce {@code If-None-Match} atomically: AWS S3 does, and
 * versitygw is tested here. A store without conditional writes ({@code
 * fs.s3a.create.conditional.enabled=false}) makes every commit fail loudly instead. AWS may answer
 * a PUT racing another in-flight one with 409 ConditionalRequestConflict: that is not a lost race,
 * it fails the commit as an I/O error (a retried batch is idempotent), untested here since the
 * local server serialises conditional PUTs.
 */
public class ConditionalPutLogStore extends HadoopFileSystemLogStore {
  private static final Logger LOG = LoggerFactory.getLogger(ConditionalPutLogStore.class);
  private static final int PRECONDITION_FAILED = 412;

  public ConditionalPutLogStore(Configuration initHadoopConf) {
    super(initHadoopConf);
  }

  @Override
  public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration conf)
      throws IOException {
    byte[] content = content(actions);
    FileSystem fs = path.getFileSystem(conf);
    if (overwrite) {
      // _last_checkpoint and the like: a single PUT replaces the object atomically.
      try (FSDataOutputStream out = fs.create(path, true)) {
        out.write(content);
      }
      return;
    }
    try {
      try (FSDataOutputStream out = conditionalCreate(fs, path)) {
        out.write(content);
      }
    } catch (IOException e) {
      if (!exists(e)) {
        throw e;
      }
      if (holds(fs, path, content)) {
        LOG.info("{} holds what this writer wrote: its PUT succeeded, the response was lost", path);
        return;
      }
      LOG.info("{} was created by another writer; Delta retries at the next version", path);
      var taken = new java.nio.file.FileAlreadyExistsException(path.toString());
      taken.initCause(e);
      throw taken;
    }
  }

  /** Fails at once where conditional writes are off, at close() when the object exists. */
  @SuppressWarnings("unchecked") // FileSystem.createFile returns the raw builder type
  private static FSDataOutputStream conditionalCreate(FileSystem fs, Path path) throws IOException {
    FSDataOutputStreamBuilder<FSDataOutputStream, ?> builder = fs.createFile(path);
    return builder
        .overwrite(false)
        .must(CreateFileOptionKeys.FS_OPTION_CREATE_CONDITIONAL_OVERWRITE, true)
        .build();
  }

  /** An S3 object is complete or absent: readers never see a partly written commit. */
  @Override
  public Boolean isPartialWriteVisible(Path path, Configuration conf) {
    return false;
  }

  /** Delta's commit file format: one JSON action per line, each ending in a newline. */
  private static byte[] content(Iterator<String> actions) {
    var text = new StringBuilder();
    actions.forEachRemaining(action -> text.append(action).append('\n'));
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** 412 from the conditional PUT, or S3A finding the path taken before it wrote. */
  private static boolean exists(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RemoteFileChangedException || t instanceof FileAlreadyExistsException) {
        return true;
      }
      if (t instanceof AWSServiceIOException s && s.statusCode() == PRECONDITION_FAILED) {
        return true;
      }
    }
    return false;
  }

  private static boolean holds(FileSystem fs, Path path, byte[] content) throws IOException {
    try (FSDataInputStream in = fs.open(path)) {
      return Arrays.equals(in.readNBytes(content.length + 1), content);
    } catch (FileNotFoundException e) {
      return false;
    }
  }
}
