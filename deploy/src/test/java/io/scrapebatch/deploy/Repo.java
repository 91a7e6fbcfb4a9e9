package io.scrapebatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and its deploy folder are (set by Maven, defaulting to the module dir). */
final class Repo {
  static Path deploy() {
    return Path.of(System.getProperty("deploy.dir", ".")).toAbsolutePath().normalize();
  }

  static Path root() {
    return Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
  }

  static Path deploy(String relative) {
    return deploy().resolve(relative);
  }

  static Path root(String relative) {
    return root().resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Repo() {}
}
