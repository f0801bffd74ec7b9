/**
 * Model providers: the gateway every model call goes through (retries, concurrency per endpoint, the
 * call ledger, the response cache contract), batch mode through a provider's batch API, prompts and endpoints. It may use only {@code config}; the
 * offline demo model reaches it through {@link dev.parley.llm.OfflineModel}.
 */
package dev.parley.llm;
