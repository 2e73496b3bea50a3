package dev.lethe.cli;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a graceful stop: the handler only signals the main thread, which
 * closes the server and returns normally, so the process exits 0 (a JVM shutdown hook alone would
 * exit 143 after SIGTERM).
 */
final class ShutdownSignals {

    private ShutdownSignals() {
    }

    static void onTermination(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> stop.run());
            } catch (IllegalArgumentException unsupported) {
                // a platform without this signal: the JVM's default handling stays
            }
        }
    }
}
