package io.kafkadriver.api.security;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log event of the JVM (root and the non-additive loggers of logback-test.xml), with the driver's own
 * loggers at DEBUG, for assertions on what was logged and that no secret was. Close it to detach.
 */
final class LogCapture implements AutoCloseable {
    private static final String[] LOGGERS = {Logger.ROOT_LOGGER_NAME, "org.apache.kafka", "kafka", "org.apache.pekko"};
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger driver = (Logger) LoggerFactory.getLogger("io.kafkadriver");
    private final Level driverLevel = driver.getLevel();

    LogCapture() {
        appender.start();
        for (String name : LOGGERS) {
            ((Logger) LoggerFactory.getLogger(name)).addAppender(appender);
        }
        driver.setLevel(Level.DEBUG);
    }

    /** A copy of the events so far. */
    List<ILoggingEvent> events() {
        synchronized (appender) {
            return new ArrayList<>(appender.list);
        }
    }

    /** The formatted messages, with the messages of their exceptions. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : events()) {
            StringBuilder line = new StringBuilder(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            out.add(line.toString());
        }
        return out;
    }

    /** Lines of the connection actors at WARN containing {@code text}, in order. */
    List<ILoggingEvent> connectionWarnings(String text) {
        return events().stream().filter(e -> e.getLevel() == Level.WARN
                && e.getLoggerName().endsWith("ConnectionActor") && e.getFormattedMessage().contains(text)).toList();
    }

    /** Fails if any captured line holds one of the secrets. */
    void assertNoSecret(String... secrets) {
        for (String line : lines()) {
            for (String secret : secrets) {
                if (line.contains(secret)) {
                    throw new AssertionError("a secret was logged: " + line.replace(secret, "<SECRET>"));
                }
            }
        }
    }

    @Override
    public void close() {
        for (String name : LOGGERS) {
            ((Logger) LoggerFactory.getLogger(name)).detachAppender(appender);
        }
        driver.setLevel(driverLevel);
    }
}
