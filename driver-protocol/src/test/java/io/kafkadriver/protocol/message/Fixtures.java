/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.message;

import io.kafkadriver.codegen.FieldType;
import io.kafkadriver.codegen.Schema;
import io.kafkadriver.protocol.types.Uuid;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test support: the list of generated messages, their schemas (read from the kafka-clients jar on the test class
 * path, the same files the build generated from) and a seeded randomiser that fills a generated message with values
 * valid for one version, guided by the schema.
 */
final class Fixtures {
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();
    private static final String[] STRINGS = {"", "a", "topic-1", "é漢😀", "x".repeat(40)};

    private Fixtures() {
    }

    /** Every generated message name. */
    static List<String> messageNames() {
        List<String> names = new ArrayList<>();
        for (ApiKey k : ApiKey.values()) {
            names.add(k.apiName() + "Request");
            names.add(k.apiName() + "Response");
        }
        names.addAll(List.of("RequestHeader", "ResponseHeader", "ConsumerProtocolSubscription",
                "ConsumerProtocolAssignment"));
        // Generated into test sources only (see driver-protocol's pom): they carry uint16 and float64.
        names.addAll(List.of("BrokerRegistrationRequest", "DescribeClientQuotasResponse", "AlterClientQuotasRequest"));
        return names;
    }

    static Schema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            try (InputStream in = Fixtures.class.getClassLoader()
                    .getResourceAsStream("common/message/" + n + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("schema " + n + " not on the test class path");
                }
                return Schema.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Message newMessage(String name) {
        try {
            return (Message) Class.forName("io.kafkadriver.protocol.message." + name).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A message filled with random values valid at a version. */
    static Message random(String name, short version, Random rnd) {
        Schema s = schema(name);
        Message m = newMessage(name);
        populate(m, s.root(), s, version, rnd, 0);
        return m;
    }

    static Method method(Class<?> c, String name, int params) {
        for (Method m : c.getMethods()) {
            if (m.getParameterCount() == params && (m.getName().equals(name) || m.getName().equals(name + "Value"))) {
                return m;
            }
        }
        throw new IllegalStateException(c.getName() + " has no method " + name);
    }

    static Object get(Object ours, Schema.Field f) {
        String camel = Character.toLowerCase(f.name().charAt(0)) + f.name().substring(1);
        try {
            return method(ours.getClass(), camel, 0).invoke(ours);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String capitalized(Schema.Field f) {
        return Character.toUpperCase(f.name().charAt(0)) + f.name().substring(1);
    }

    private static void populate(Object target, Schema.Struct struct, Schema schema, short version, Random rnd,
                                 int depth) {
        for (Schema.Field f : struct.fields()) {
            if (!f.versions().contains(version)) {
                continue;
            }
            Object value = value(f, schema, version, rnd, depth);
            try {
                method(target.getClass(), "set" + capitalized(f), 1).invoke(target, value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot set " + struct.name() + "." + f.name(), e);
            }
        }
    }

    private static Object value(Schema.Field f, Schema schema, short version, Random rnd, int depth) {
        FieldType t = f.type();
        boolean nullable = f.nullableVersions().contains(version);
        if (nullable && rnd.nextInt(5) == 0) {
            return null;
        }
        if (t.array()) {
            int n = depth > 3 ? 0 : 1 + rnd.nextInt(3);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(element(t.element(), schema, version, rnd, depth));
            }
            return list;
        }
        return element(t.element(), schema, version, rnd, depth);
    }

    private static Object element(String type, Schema schema, short version, Random rnd, int depth) {
        switch (type) {
            case "int8":
                return (byte) rnd.nextInt();
            case "int16":
                return (short) rnd.nextInt();
            case "uint16":
                return rnd.nextInt(65536);
            case "int32":
                return rnd.nextInt();
            case "int64":
                return rnd.nextLong();
            case "float64":
                return rnd.nextDouble();
            case "bool":
                return rnd.nextBoolean();
            case "string":
                return STRINGS[rnd.nextInt(STRINGS.length)];
            case "bytes":
                return randomBytes(rnd, 12);
            case "records":
                return ByteBuffer.wrap(randomBytes(rnd, 64));
            case "uuid":
                return new Uuid(rnd.nextLong(), rnd.nextLong());
            default:
                Schema.Struct s = schema.structs().get(type);
                try {
                    Class<?> c = Class.forName("io.kafkadriver.protocol.message." + schema.name() + "$" + type);
                    Object o = c.getConstructor().newInstance();
                    populate(o, s, schema, version, rnd, depth + 1);
                    return o;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
        }
    }

    private static byte[] randomBytes(Random rnd, int max) {
        byte[] b = new byte[rnd.nextInt(max + 1)];
        rnd.nextBytes(b);
        return b;
    }
}
