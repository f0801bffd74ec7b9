package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which raw paths {@link RequestPaths} lets through to the access check and the router. */
class RequestPathsTest {

    @Test
    void lets_plain_paths_through() {
        assertThat(RequestPaths.ambiguity("/")).isEmpty();
        assertThat(RequestPaths.ambiguity("/api/runs/0b1c/dialogues/3")).isEmpty();
        assertThat(RequestPaths.ambiguity("/js/app.js")).isEmpty();
        assertThat(RequestPaths.ambiguity("/api/recipes/my.recipe-v2")).isEmpty();
        assertThat(RequestPaths.ambiguity("/api/recipes/a%20b")).isEmpty();
    }

    @Test
    void refuses_dot_segments_and_encoded_separators() {
        assertThat(RequestPaths.ambiguity("/q/health/../../api/runs")).contains("the path holds a '..' segment");
        assertThat(RequestPaths.ambiguity("/q/health/./x")).contains("the path holds a '.' segment");
        assertThat(RequestPaths.ambiguity("/api/runs/..")).contains("the path holds a '..' segment");
        assertThat(RequestPaths.ambiguity("/q/health/%2e%2e/api")).contains("the path holds an encoded '.' (%2E)");
        assertThat(RequestPaths.ambiguity("/q/health/..%2Fapi")).contains("the path holds an encoded '/' (%2F)");
        assertThat(RequestPaths.ambiguity("/q/health/..%5capi")).contains("the path holds an encoded '\\' (%5C)");
        assertThat(RequestPaths.ambiguity("/q/health/%252e")).contains("the path holds an encoded '%' (%25)");
        assertThat(RequestPaths.ambiguity("/q/health\\..\\api")).contains("the path holds a backslash");
        assertThat(RequestPaths.ambiguity("/q/health;/api")).contains("the path holds a ';'");
        assertThat(RequestPaths.ambiguity("api/runs")).contains("the path must start with '/'");
    }
}
