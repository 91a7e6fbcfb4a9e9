package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Generates the ScrapeBatch CRD with fabric8's crd-generator. {@code make crds} runs {@link #main}
 * to write the committed file; {@link CommittedCrdTest} fails the build when the committed file
 * differs from what the Java classes generate.
 */
public final class CrdFile {
  public static final String FILE_NAME = "scrapebatches.scrapebatch.io-v1.yml";

  /** The CRD YAML the API classes describe. */
  public static String generate() {
    var output = new InMemoryOutput();
    new CRDGenerator()
        .customResourceClasses(ScrapeBatch.class)
        .forCRDVersions("v1")
        .withParallelGenerationEnabled(false)
        .withPostProcessor(new DeclaredOrder())
        .withOutput(output)
        .generate();
    return output.buffer.toString(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args.length > 0 ? args[0] : FILE_NAME);
    Files.writeString(target, generate());
    System.out.println("wrote " + target.toAbsolutePath());
  }

  /**
   * The generator sorts printer columns by JSON path and leaves the root schema undocumented; this
   * keeps the columns in declaration order (Phase first, Age last, as kubectl users expect) and
   * documents the root from {@link JsonClassDescription}.
   */
  private static final class DeclaredOrder implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      var declared =
          Arrays.stream(ScrapeBatch.class.getAnnotationsByType(AdditionalPrinterColumn.class))
              .map(AdditionalPrinterColumn::jsonPath)
              .toList();
      var description = ScrapeBatch.class.getAnnotation(JsonClassDescription.class).value();
      for (var version : ((CustomResourceDefinition) crd).getSpec().getVersions()) {
        List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
        columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getJsonPath())));
        version.getSchema().getOpenAPIV3Schema().setDescription(description);
      }
      return crd;
    }
  }

  private static final class InMemoryOutput implements CRDGenerator.CRDOutput<OutputStream> {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    @Override
    public OutputStream outputFor(String crdName) {
      return buffer;
    }

    @Override
    public URI crdURI(String crdName) {
      return Path.of(crdName).toAbsolutePath().toUri();
    }

    @Override
    public void close() {}
  }

  private CrdFile() {}
}
