package io.scrapebatch.etl.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class StorageDefaultsTest {

  @Test
  void everyDefaultAppliesWhenNothingIsSet() {
    assertThat(StorageDefaults.missing(key -> false))
        .containsEntry("spark.delta.logStore.s3a.impl", ConditionalPutLogStore.class.getName())
        .containsEntry("spark.delta.logStore.s3.impl", ConditionalPutLogStore.class.getName())
        .containsEntry("spark.hadoop.fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem")
        .containsKey("spark.hadoop.fs.s3a.aws.credentials.provider")
        .hasSize(StorageDefaults.ALL.size());
  }

  @Test
  void aKeyTheUserSetIsLeftAlone() {
    Set<String> set = Set.of("spark.delta.logStore.s3a.impl");
    assertThat(StorageDefaults.missing(set::contains))
        .doesNotContainKey("spark.delta.logStore.s3a.impl")
        .containsKey("spark.delta.logStore.s3.impl");
  }
}
