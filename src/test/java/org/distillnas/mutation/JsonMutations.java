package org.distillnas.mutation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Structural damage to a valid JSON document, the kind a hand edit or another program's bug
 * leaves: a value of the wrong type, a huge or negative number, a missing or unknown field, a
 * root that is not an object, or nesting deep enough to exhaust a recursive parser.
 */
public final class JsonMutations {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Stands for deeply nested arrays until the text is written, since a tree that deep is not wanted. */
    private static final String DEEP = "\u0001deep\u0001";

    private JsonMutations() {}

    /** The JSON text of a copy of {@code root} with one random change, and what the change was. */
    public static Mutations.Mutated mutate(JsonNode root, Random r) {
        JsonNode copy = root.deepCopy();
        List<Slot> slots = new ArrayList<>();
        collect(copy, null, null, -1, slots);
        Slot slot = slots.get(r.nextInt(slots.size()));
        String how;
        JsonNode result = copy;
        int op = r.nextInt(10);
        if (op < 6 || slot.parent == null) {
            JsonNode value = replacement(r);
            how = "replaced " + slot.path + " with " + (value.isTextual() && value.textValue().equals(DEEP)
                    ? "5000 nested arrays" : abbreviate(value.toString()));
            if (slot.parent == null) {
                result = value;
            } else {
                slot.set(value);
            }
        } else if (op < 9) {
            slot.remove();
            how = "removed " + slot.path;
        } else {
            ContainerNode<?> target = slot.node instanceof ObjectNode o ? o : slot.parent;
            if (target instanceof ObjectNode o) {
                o.set("unexpected_field", replacement(r));
                how = "added unexpected_field to " + (target == slot.node ? slot.path : "parent of " + slot.path);
            } else {
                ((ArrayNode) target).add(replacement(r));
                how = "appended an element to the array holding " + slot.path;
            }
        }
        String text;
        try {
            text = MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String deep = "[".repeat(5000) + "]".repeat(5000);
        text = text.replace(MAPPER.valueToTree(DEEP).toString(), deep);
        return new Mutations.Mutated(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), how);
    }

    /** A value of some type, often a wrong one, often a number no field can hold. */
    private static JsonNode replacement(Random r) {
        return switch (r.nextInt(16)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(r.nextBoolean());
            case 2 -> NODES.textNode("");
            case 3 -> NODES.textNode("x\ny\u2028z");
            case 4 -> NODES.numberNode(Mutations.huge(r));
            case 5 -> NODES.numberNode(-1 - r.nextInt(3));
            case 6 -> NODES.numberNode(0);
            case 7 -> NODES.numberNode(0.5 + r.nextInt(4));
            case 8 -> new BigIntegerNode(BigInteger.TWO.pow(64 + r.nextInt(200)));
            case 9 -> new DecimalNode(new BigDecimal("1e400"));
            case 10 -> NODES.arrayNode();
            case 11 -> NODES.objectNode();
            case 12 -> NODES.arrayNode().add(Mutations.huge(r)).add(-1);
            case 13 -> NODES.textNode(DEEP);
            case 14 -> NODES.textNode("z".repeat(1 + r.nextInt(3000)));
            default -> NODES.numberNode(r.nextInt(10));
        };
    }

    /** A place in the tree: a node and how to reach, replace or remove it. */
    private record Slot(JsonNode node, ContainerNode<?> parent, String key, int index, String path) {
        void set(JsonNode value) {
            if (parent instanceof ObjectNode o) {
                o.set(key, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (parent instanceof ObjectNode o) {
                o.remove(key);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private static void collect(JsonNode node, ContainerNode<?> parent, String key, int index, List<Slot> out) {
        String path = parent == null ? "the root" : key != null ? "\"" + key + "\"" : "element " + index;
        out.add(new Slot(node, parent, key, index, path));
        if (node instanceof ObjectNode o) {
            o.properties().forEach(e -> collect(e.getValue(), o, e.getKey(), -1, out));
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                collect(a.get(i), a, null, i, out);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
