package com.ecsprovisioner.sandbox.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesRawUtf8AndEscapesOnlyWhatJsonRequires() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("LocalName", "华东1（杭州）");
        m.put("Quote", "a\"b\\c\nd\u0001");
        assertEquals("{\"LocalName\":\"华东1（杭州）\",\"Quote\":\"a\\\"b\\\\c\\nd\\u0001\"}", Json.write(m));
    }

    @Test
    void writesNumbersAsTheSdkParsesThemAndDropsNullsInsideArrays() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Cpu", 2);
        m.put("TradePrice", 0.0);
        m.put("MemorySize", 0.5);
        m.put("Big", 123456789012L);
        m.put("Ok", true);
        m.put("Missing", null);
        m.put("List", Arrays.asList("a", null, "b"));
        assertEquals("{\"Cpu\":2,\"TradePrice\":0.0,\"MemorySize\":0.5,\"Big\":123456789012,\"Ok\":true,"
                + "\"Missing\":null,\"List\":[\"a\",\"b\"]}", Json.write(m));
    }

    @Test
    void readsWhatItWrites() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "x\ty \"q\" é");
        m.put("n", 42L);
        m.put("d", new BigDecimal("1.5"));
        m.put("b", false);
        m.put("z", null);
        m.put("l", new ArrayList<>(List.of(1L, "two", Map.of("k", "v"))));
        assertEquals(m, Json.read(Json.write(m)));
        assertEquals("é", Json.read("\"\\u00e9\""));
        assertEquals(List.of(), Json.read(" [ ] "));
    }

    @Test
    void rejectsMalformedInputWithAPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.read("{\"a\":1,}"));
        assertTrue(e.getMessage().contains("offset"));
        assertThrows(IllegalArgumentException.class, () -> Json.read("[1 2]"));
        assertThrows(IllegalArgumentException.class, () -> Json.read("\"open"));
        assertThrows(IllegalArgumentException.class, () -> Json.read("{} x"));
    }
}
