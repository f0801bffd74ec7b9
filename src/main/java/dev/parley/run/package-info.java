/**
 * The run engine: creating runs, claiming items under leases, taking each item through its states,
 * budgets and human decisions. It may use every stage below it and {@code store}, but not
 * {@code export}, {@code api}, {@code cli} or {@code bench}.
 */
package dev.parley.run;
