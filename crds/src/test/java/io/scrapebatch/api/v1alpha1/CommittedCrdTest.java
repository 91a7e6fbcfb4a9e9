package io.scrapebatch.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommittedCrdTest {
  @Test
  void committedCrdEqualsTheOneTheJavaClassesGenerate() throws IOException {
    Path committed = Path.of(System.getProperty("crd.committed", CrdFile.FILE_NAME));
    assertThat(committed).exists();
    assertThat(Files.readString(committed))
        .as("%s is stale: run `make crds` and commit the result", committed)
        .isEqualTo(CrdFile.generate());
  }
}
