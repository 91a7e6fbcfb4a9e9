package io.scrapebatch.testing.kubeapi;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import java.lang.reflect.AnnotatedElement;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs {@link MidnightStartGuard} before kube-api-test's extension starts an API server.
 *
 * <p>Registered through {@code META-INF/services} and enabled by failsafe's {@code
 * junit.jupiter.extensions.autodetection.enabled}: auto-detected extensions sit in the root
 * registry, so their callbacks precede those of {@link EnableKubeAPIServer} on the test class, and
 * no test has to remember to declare it.
 */
public final class MidnightStartExtension implements BeforeAllCallback, BeforeEachCallback {

  @Override
  public void beforeAll(ExtensionContext context) throws InterruptedException {
    guardIfStartsServer(context.getRequiredTestClass());
  }

  @Override
  public void beforeEach(ExtensionContext context) throws InterruptedException {
    guardIfStartsServer(context.getRequiredTestMethod());
  }

  private static void guardIfStartsServer(AnnotatedElement element) throws InterruptedException {
    if (AnnotationSupport.isAnnotated(element, EnableKubeAPIServer.class)) {
      MidnightStartGuard.forKubeApiTest().awaitSafeStart();
    }
  }
}
