/**
 * The offline demo model: answers Parley's own requests in-process, reading the schema names from the
 * writers, judge, reviser and expander it imitates. It may use {@code dialogue}, {@code recipe},
 * {@code llm}, {@code plan}, {@code generate} and {@code judge}; no package uses it except through
 * {@link dev.parley.llm.OfflineModel}.
 */
package dev.parley.demo;
