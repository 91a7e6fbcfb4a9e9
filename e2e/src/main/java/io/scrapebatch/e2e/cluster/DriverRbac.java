package io.scrapebatch.e2e.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A namespace ready for batches: the driver service account and the least privilege a Spark driver
 * needs (create and watch its executors, their Services and ConfigMaps; annotate its own pod).
 */
public final class DriverRbac {
  public static final String SERVICE_ACCOUNT = "scrapebatch-driver";

  public static void prepare(KubernetesClient client, String namespace) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .createOr(existing -> existing.update());
    client
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(SERVICE_ACCOUNT)
                .endMetadata()
                .build())
        .createOr(existing -> existing.update());
    var verbs =
        new String[] {
          "create", "get", "list", "watch", "delete", "deletecollection", "patch", "update"
        };
    client
        .rbac()
        .roles()
        .inNamespace(namespace)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(SERVICE_ACCOUNT)
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("pods", "services", "configmaps", "persistentvolumeclaims")
                        .withVerbs(verbs)
                        .build())
                .build())
        .createOr(existing -> existing.update());
    client
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(SERVICE_ACCOUNT)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role")
                .withName(SERVICE_ACCOUNT)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(SERVICE_ACCOUNT)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .createOr(existing -> existing.update());
  }

  private DriverRbac() {}
}
