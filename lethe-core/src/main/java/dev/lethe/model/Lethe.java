package dev.lethe.model;

/** Facts about this build of Lethe. */
public final class Lethe {

    private Lethe() {
    }

    /** The library version, from the jar manifest, or "dev" when run from classes. */
    public static String version() {
        String v = Lethe.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
