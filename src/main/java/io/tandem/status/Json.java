package io.tandem.status;

/**
 * A minimal JSON writer (RFC 8259): objects, arrays, strings with every control character
 * escaped, numbers and booleans. Enough for the status document; no library needed. Call
 * {@link #name} before each value inside an object; commas are placed automatically.
 */
final class Json {
    private final StringBuilder out = new StringBuilder(4096);
    /** Whether the current container already holds a value (bit per nesting level, up to 63). */
    private long hasValue;
    private int depth;
    private boolean afterName;

    Json beginObject() {
        comma();
        out.append('{');
        push();
        return this;
    }

    Json endObject() {
        depth--;
        out.append('}');
        return this;
    }

    Json beginArray() {
        comma();
        out.append('[');
        push();
        return this;
    }

    Json endArray() {
        depth--;
        out.append(']');
        return this;
    }

    Json name(String n) {
        comma();
        string(n);
        out.append(':');
        afterName = true;
        return this;
    }

    Json value(String s) {
        comma();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    Json value(long n) {
        comma();
        out.append(n);
        return this;
    }

    Json value(double d) {
        comma();
        out.append(Double.isFinite(d) ? Double.toString(d) : "null");
        return this;
    }

    Json value(boolean b) {
        comma();
        out.append(b);
        return this;
    }

    Json nullValue() {
        comma();
        out.append("null");
        return this;
    }

    Json field(String n, String v) {
        return name(n).value(v);
    }

    Json field(String n, long v) {
        return name(n).value(v);
    }

    Json field(String n, boolean v) {
        return name(n).value(v);
    }

    private void push() {
        depth++;
        hasValue &= ~(1L << depth);
    }

    private void comma() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            long bit = 1L << depth;
            if ((hasValue & bit) != 0) {
                out.append(',');
            }
            hasValue |= bit;
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
