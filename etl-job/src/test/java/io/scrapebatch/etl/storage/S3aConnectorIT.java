package io.scrapebatch.etl.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.testing.s3.LocalObjectStore;
import java.io.IOException;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.statistics.IOStatisticsSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * S3A's paths beyond what a Delta job uses, on the thin SDK set (no bundle) and Spark's own Netty:
 * rename is a copy through the transfer manager (async client, Netty), large files go up in parts.
 */
class S3aConnectorIT {
  private static final String BUCKET = "connector";
  private static LocalObjectStore store;
  private static FileSystem fs;

  @BeforeAll
  static void startServer() throws IOException {
    store = LocalObjectStore.launch();
    store.createBucket(BUCKET);
    Configuration conf = S3Conf.of(store, BUCKET);
    conf.set("fs.s3a.multipart.size", "5M");
    conf.set("fs.s3a.multipart.threshold", "5M");
    fs = FileSystem.newInstance(new Path("s3a://" + BUCKET + "/").toUri(), conf);
  }

  @AfterAll
  static void stopServer() throws IOException {
    fs.close();
    store.close();
  }

  @Test
  void renameOfALargeObjectCopiesItThroughTheTransferManager() throws IOException {
    byte[] data = new byte[6 << 20]; // above the 5 MiB multipart threshold: a transfer-manager copy
    new Random(3).nextBytes(data);
    Path from = new Path("s3a://" + BUCKET + "/staging/part-0.bin");
    Path to = new Path("s3a://" + BUCKET + "/final/part-0.bin");
    try (FSDataOutputStream out = fs.create(from)) {
      out.write(data);
    }

    assertThat(fs.rename(from, to)).isTrue();

    assertThat(fs.exists(from)).isFalse();
    assertThat(store.get(BUCKET, "final/part-0.bin")).isEqualTo(data);
  }

  @Test
  void aFileLargerThanOnePartIsUploadedInPartsAndReadsBackWithSeeks() throws IOException {
    byte[] data = new byte[12 << 20];
    new Random(7).nextBytes(data);
    Path big = new Path("s3a://" + BUCKET + "/big.bin");
    FSDataOutputStream out = fs.create(big);
    try (out) {
      out.write(data);
    }
    // The stream's own statistics: the file system's are shared by every S3A instance in the JVM.
    assertThat(IOStatisticsSupport.retrieveIOStatistics(out).counters())
        .containsEntry("object_multipart_initiated", 1L)
        .containsEntry("multipart_upload_part_put", 3L);

    assertThat(fs.getFileStatus(big).getLen()).isEqualTo(data.length);
    try (FSDataInputStream in = fs.open(big)) {
      byte[] tail = new byte[1024];
      in.readFully(data.length - 1024, tail);
      assertThat(tail)
          .isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 1024, data.length));
    }
  }
}
