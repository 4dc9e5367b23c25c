package io.kafkadriver.api.archfixture.inert;

/** A configuration with a read setting and a deliberately inert one, for {@code SettingsAreReadTest}. */
public final class FixtureConfig {
    /** {@return read by {@link FixtureEngine}} */
    public int used() {
        return 1;
    }

    /** {@return read by nothing: the check must report it} */
    public int inert() {
        return 2;
    }

    /** {@return read through a method reference} */
    public int byReference() {
        return 3;
    }

    @Override
    public String toString() {
        return "FixtureConfig" + used() + inert() + byReference();
    }
}
