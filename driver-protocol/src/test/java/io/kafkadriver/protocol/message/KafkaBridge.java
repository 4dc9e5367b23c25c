/*
 * Licensed under the Apache License, Version 2.0.
 */
package io.kafkadriver.protocol.message;

import io.kafkadriver.codegen.FieldType;
import io.kafkadriver.codegen.Schema;
import io.kafkadriver.protocol.types.Uuid;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * Builds the same message with Apache Kafka's own generated class ({@code org.apache.kafka.common.message.*Data}) by
 * copying every schema field of one of ours through reflection, and serialises/deserialises Kafka's objects. Kafka's
 * classes are the oracle; nothing here interprets the wire format.
 */
final class KafkaBridge {
    private KafkaBridge() {
    }

    static Class<?> kafkaClass(String name) {
        try {
            return Class.forName("org.apache.kafka.common.message." + name + "Data");
        } catch (ClassNotFoundException e) {
            try {
                return Class.forName("org.apache.kafka.common.message." + name);
            } catch (ClassNotFoundException e2) {
                throw new IllegalStateException("no Kafka class for " + name, e2);
            }
        }
    }

    static org.apache.kafka.common.protocol.Message newKafka(String name) {
        try {
            return (org.apache.kafka.common.protocol.Message) kafkaClass(name).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kafka's object holding the same field values as ours. */
    static org.apache.kafka.common.protocol.Message toKafka(Message ours) {
        Schema schema = Fixtures.schema(ours.messageName());
        return (org.apache.kafka.common.protocol.Message) copy(ours, schema.root(), schema,
                kafkaClass(ours.messageName()));
    }

    private static Object copy(Object ours, Schema.Struct struct, Schema schema, Class<?> kafkaType) {
        try {
            Object k = kafkaType.getConstructor().newInstance();
            for (Schema.Field f : struct.fields()) {
                Method setter = setter(kafkaType, "set" + Fixtures.capitalized(f));
                Object v = Fixtures.get(ours, f);
                setter.invoke(k, convert(v, f.type(), setter.getParameterTypes()[0], schema, kafkaType));
            }
            return k;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + struct.name() + " to " + kafkaType.getName(), e);
        }
    }

    private static Method setter(Class<?> c, String name) {
        for (Method m : c.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == 1) {
                return m;
            }
        }
        throw new IllegalStateException(c.getName() + " has no " + name);
    }

    @SuppressWarnings("unchecked")
    private static Object convert(Object v, FieldType t, Class<?> target, Schema schema, Class<?> owner)
            throws ReflectiveOperationException {
        if (v == null) {
            return null;
        }
        if (t.array()) {
            Collection<Object> out = List.class.equals(target) ? new ArrayList<>()
                    : (Collection<Object>) target.getConstructor().newInstance();
            for (Object e : (List<?>) v) {
                out.add(convertElement(e, t.element(), schema, owner));
            }
            return out;
        }
        if (t.isStruct()) {
            return copy(v, schema.structs().get(t.element()), schema, target);
        }
        if (t.element().equals("records")) {
            return MemoryRecords.readableRecords(((ByteBuffer) v).duplicate());
        }
        if (t.element().equals("bytes") && ByteBuffer.class.equals(target)) {
            return ByteBuffer.wrap((byte[]) v);
        }
        return convertElement(v, t.element(), schema, owner);
    }

    private static Object convertElement(Object e, String element, Schema schema, Class<?> owner)
            throws ReflectiveOperationException {
        if (e instanceof Uuid u) {
            return new org.apache.kafka.common.Uuid(u.mostSignificantBits(), u.leastSignificantBits());
        }
        Schema.Struct s = schema.structs().get(element);
        if (s == null) {
            return e;
        }
        Class<?> outer = owner.getEnclosingClass() != null ? owner.getEnclosingClass() : owner;
        return copy(e, s, schema, Class.forName(outer.getName() + "$" + element));
    }

    /** Kafka's encoding of a message. */
    static byte[] write(org.apache.kafka.common.protocol.Message m, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = m.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(size);
        m.write(new ByteBufferAccessor(buf), cache, version);
        if (buf.hasRemaining()) {
            throw new IllegalStateException("Kafka wrote fewer bytes than its size()");
        }
        return buf.array();
    }

    /** Kafka's decoding; fails if bytes are left over. */
    static org.apache.kafka.common.protocol.Message read(String name, byte[] bytes, short version) {
        org.apache.kafka.common.protocol.Message m = newKafka(name);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        m.read(new ByteBufferAccessor(buf), version);
        if (buf.hasRemaining()) {
            throw new IllegalStateException("Kafka left " + buf.remaining() + " byte(s) unread");
        }
        return m;
    }
}
