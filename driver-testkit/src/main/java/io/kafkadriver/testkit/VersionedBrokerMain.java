package io.kafkadriver.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Entry point of the child JVM that {@link VersionedKafkaBroker} starts on the classpath of one Apache Kafka
 * version (never on the driver's 4.1 test classpath). It uses only the JDK and reflection, so that it runs against
 * any broker version from 2.8 on:
 * <pre>
 * java -cp &lt;kafka-V jars&gt;:&lt;this class&gt; io.kafkadriver.testkit.VersionedBrokerMain
 *      --config server.properties [--format CLUSTER_ID] [--zookeeper PORT DIR]
 * </pre>
 * <ol>
 *   <li>{@code --zookeeper}: starts a standalone ZooKeeper server in this JVM (the 2.8 broker's ZooKeeper jars);</li>
 *   <li>{@code --format}: formats the KRaft storage as {@code kafka-storage format -t ID -c server.properties}
 *       does, by calling {@code kafka.tools.StorageTool} with Kafka's exit procedure replaced;</li>
 *   <li>runs {@code kafka.Kafka server.properties} on a thread of its own;</li>
 *   <li>exits when its standard input ends or reads {@code stop}, so it never outlives the parent, whose end of the
 *       pipe closes when it dies; Kafka's own shutdown hook stops the broker.</li>
 * </ol>
 * Everything goes to standard output and error, which the parent sends to the broker's log file.
 */
public final class VersionedBrokerMain {

    /** Exit code when the storage format failed. */
    static final int FORMAT_FAILED = 3;
    /** Exit code when ZooKeeper could not start. */
    static final int ZOOKEEPER_FAILED = 4;

    private VersionedBrokerMain() {
    }

    /**
     * Starts ZooKeeper (if asked), formats (if asked), starts the broker and blocks until standard input ends.
     *
     * @param args see the class comment
     * @throws Exception on a failure not handled with an exit code (the JVM then exits non-zero)
     */
    public static void main(String[] args) throws Exception {
        String config = null;
        String clusterId = null;
        int zkPort = -1;
        String zkDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = args[++i];
                case "--format" -> clusterId = args[++i];
                case "--zookeeper" -> {
                    zkPort = Integer.parseInt(args[++i]);
                    zkDir = args[++i];
                }
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (config == null) {
            throw new IllegalArgumentException("--config is required");
        }
        if (zkPort > 0) {
            startZooKeeper(zkPort, new File(zkDir));
        }
        if (clusterId != null) {
            format(clusterId, config);
        }
        String serverConfig = config;
        Thread kafka = new Thread(() -> runKafka(serverConfig), "kafka-main");
        kafka.setDaemon(true);
        kafka.start();
        awaitStdinEnd();
        System.out.println("VERSIONED_BROKER_STOPPING");
        System.out.flush();
        // Kafka's shutdown hook (registered by kafka.Kafka) stops the broker cleanly.
        System.exit(0);
    }

    private static void runKafka(String config) {
        try {
            Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) new String[] {config});
        } catch (InvocationTargetException e) {
            e.getCause().printStackTrace();
            System.exit(1);
        } catch (ReflectiveOperationException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** ZooKeeperServer + ServerCnxnFactory, as ZooKeeperServerMain does, without its admin server. */
    private static void startZooKeeper(int port, File dir) {
        try {
            Class<?> serverClass = Class.forName("org.apache.zookeeper.server.ZooKeeperServer");
            Object server = serverClass.getConstructor(File.class, File.class, int.class)
                    .newInstance(dir, dir, 500);
            Class<?> factoryClass = Class.forName("org.apache.zookeeper.server.ServerCnxnFactory");
            Object factory = factoryClass.getMethod("createFactory", InetSocketAddress.class, int.class)
                    .invoke(null, new InetSocketAddress("127.0.0.1", port), 100);
            factoryClass.getMethod("startup", serverClass).invoke(factory, server);
            // No shutdown hook: hooks run concurrently, and ZooKeeper stopping under the broker's own hook makes the
            // broker's controlled shutdown retry against a dead ZooKeeper. It ends with the JVM instead.
            System.out.println("VERSIONED_BROKER_ZOOKEEPER_STARTED 127.0.0.1:" + port);
        } catch (InvocationTargetException e) {
            e.getCause().printStackTrace();
            System.exit(ZOOKEEPER_FAILED);
        } catch (ReflectiveOperationException e) {
            e.printStackTrace();
            System.exit(ZOOKEEPER_FAILED);
        }
    }

    /**
     * Runs {@code kafka.tools.StorageTool format -t ID -c config} in this JVM. StorageTool ends with Kafka's
     * {@code Exit.exit(code)} (3.3 to 4.1); the exit procedure is replaced for the call so that the code comes back
     * here instead of ending the JVM.
     */
    private static void format(String clusterId, String config) throws ReflectiveOperationException {
        Class<?> exit = Class.forName("org.apache.kafka.common.utils.Exit");
        Class<?> procedure = Class.forName("org.apache.kafka.common.utils.Exit$Procedure");
        exit.getMethod("setExitProcedure", procedure).invoke(null, exitProcedure(procedure, true));
        String[] formatArgs = {"format", "-t", clusterId, "-c", config};
        int code = 0;
        try {
            Method main = Class.forName("kafka.tools.StorageTool").getMethod("main", String[].class);
            main.invoke(null, (Object) formatArgs);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof FormatExit)) {
                cause = cause.getCause();
            }
            if (cause == null) {
                e.getCause().printStackTrace();
                code = FORMAT_FAILED;
            } else {
                code = ((FormatExit) cause).code;
            }
        } finally {
            // Not resetExitProcedure(): in 4.1 an exit after a reset throws ("possible race condition present
            // in test") instead of exiting. Install the default behaviour, System.exit, instead.
            exit.getMethod("setExitProcedure", procedure).invoke(null, exitProcedure(procedure, false));
        }
        System.out.println("VERSIONED_BROKER_FORMATTED exit=" + code);
        System.out.flush();
        if (code != 0) {
            System.exit(FORMAT_FAILED);
        }
    }

    /** An {@code Exit.Procedure} that throws {@link FormatExit} (during the format) or calls System.exit. */
    private static Object exitProcedure(Class<?> procedure, boolean throwing) {
        return Proxy.newProxyInstance(procedure.getClassLoader(), new Class<?>[] {procedure},
                (proxy, method, margs) -> {
                    switch (method.getName()) {
                        case "execute" -> { }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        case "equals" -> {
                            return proxy == margs[0];
                        }
                        case "toString" -> {
                            return "VersionedBrokerMain exit procedure";
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    int code = (Integer) margs[0];
                    if (throwing) {
                        throw new FormatExit(code);
                    }
                    System.exit(code);
                    return null;
                });
    }

    private static void awaitStdinEnd() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if ("stop".equals(line.trim())) {
                    return;
                }
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone: stop as on end of input.
        }
    }

    /** Thrown by the replaced exit procedure: carries StorageTool's exit code back to {@link #format}. */
    private static final class FormatExit extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        FormatExit(int code) {
            super("exit " + code, null, false, false);
            this.code = code;
        }
    }
}
