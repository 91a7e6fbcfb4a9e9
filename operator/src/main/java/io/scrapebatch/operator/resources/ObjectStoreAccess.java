package io.scrapebatch.operator.resources;

import io.scrapebatch.operator.policy.StorageSettings;

/**
 * How the pods of one attempt reach object storage.
 *
 * @param sessionToken whether the credentials Secret holds a session token (its reference is added
 *     only then: a reference to a missing key keeps a pod from starting)
 */
public record ObjectStoreAccess(StorageSettings settings, boolean sessionToken) {}
