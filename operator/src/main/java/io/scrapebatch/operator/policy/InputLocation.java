package io.scrapebatch.operator.policy;

/** What an {@link InputProbe} measures: a batch's source, and how to reach its storage. */
public record InputLocation(String namespace, String uri, StorageSettings storage) {}
