package io.kafkadriver.api.archfixture.inert;

import java.util.function.ToIntFunction;

/** The engine side of the fixture: reads two of the three settings. */
public final class FixtureEngine {
    private FixtureEngine() {
    }

    /**
     * Reads the settings it uses.
     *
     * @param c the configuration
     * @return a sum
     */
    public static int start(FixtureConfig c) {
        ToIntFunction<FixtureConfig> f = FixtureConfig::byReference;
        return c.used() + f.applyAsInt(c);
    }
}
