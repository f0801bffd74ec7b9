package dev.parley.web;

import java.net.URL;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.quarkus.test.common.http.TestHTTPResource;

/** A fresh headless Chromium for each test, pointed at the application under test. */
abstract class BrowserTest {

    @TestHTTPResource("/")
    URL root;

    Browser browser;

    @BeforeEach
    void openBrowser() {
        browser = new Browser(root);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }
}
