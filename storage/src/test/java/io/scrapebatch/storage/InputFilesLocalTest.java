package io.scrapebatch.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesLocalTest {
  @TempDir Path dir;

  @Test
  void aLocalFolderIsWalkedToItsDeepestDataFilesLeavingOutHiddenOnesAndOthers() throws IOException {
    write("a.jsonl", "{}\n");
    write("shop/2026/b.json.gz", "xx");
    write("shop/2026/c.ndjson", "{}\n{}\n");
    write("_SUCCESS", "");
    write(".staging/d.jsonl", "{}\n");
    write("shop/_tmp/e.jsonl", "{}\n");
    write("shop/readme.txt", "hi");

    var files = InputFiles.resolve(dir.toUri().toString(), new Configuration());

    assertThat(files.files())
        .extracting(f -> dir.toUri().relativize(Path.of(java.net.URI.create(f)).toUri()).getPath())
        .containsExactly("a.jsonl", "shop/2026/b.json.gz", "shop/2026/c.ndjson");
    assertThat(files.lengths()).containsExactly(3L, 2L, 6L);
    assertThat(files.bytes()).isEqualTo(11);
    assertThat(files.ignored()).hasSize(4);
  }

  @Test
  void aMissingFolderIsNotFound() {
    var missing = dir.resolve("nope").toUri().toString();

    var failure =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            StorageFailure.class, () -> InputFiles.resolve(missing, new Configuration()));

    assertThat(failure.reason()).isEqualTo(StorageFailure.Reason.NOT_FOUND);
  }

  private void write(String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
