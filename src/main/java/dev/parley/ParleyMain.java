package dev.parley;

import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The program's entry point. It is compiled for Java 17, the oldest Java that can load Quarkus's own
 * launcher, so that a Java older than Parley needs is told so in one line instead of failing with a
 * class-version stack trace; everything else starts in {@link ParleyApplication}.
 */
@QuarkusMain
public final class ParleyMain {

    /** The oldest Java release Parley runs on. */
    static final int REQUIRED_JAVA = 21;

    /** Quarkus makes the {@code @QuarkusMain} class a bean, so its constructor is not private. */
    ParleyMain() {
    }

    public static void main(String... args) {
        int release = Runtime.version().feature();
        if (release < REQUIRED_JAVA) {
            System.err.println(tooOld(release, System.getProperty("java.home")));
            System.exit(1);
        }
        ParleyApplication.main(args);
    }

    /** The one line a Java older than {@link #REQUIRED_JAVA} gets. */
    static String tooOld(int release, String javaHome) {
        return "parley: Parley needs Java " + REQUIRED_JAVA + " or newer; this is Java " + release + " at " + javaHome
                + ". Install a JDK " + REQUIRED_JAVA + "+ and set JAVA_HOME, or start Parley with ./parley, which finds one.";
    }
}
