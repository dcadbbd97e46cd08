package com.ecsprovisioner.deployment;

import com.ecsprovisioner.platform.Rejected;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamePatternTest {

    @Test
    void numbersFromOneSkippingTakenNames() {
        assertEquals(List.of("shop-1", "shop-2", "shop-3"), NamePattern.names("shop-{n}", 3, n -> false));
        assertEquals(List.of("shop-3", "shop-5"), NamePattern.names(" shop-{n} ", 2, Set.of("shop-1", "shop-2", "shop-4")::contains));
        assertEquals(List.of("blog"), NamePattern.names("blog", 1, n -> false));
        assertEquals(List.of("web2"), NamePattern.names("web{n}", 1, Set.of("web1")::contains));
    }

    @Test
    void refusesWhatCannotWorkWithAMessageThatSaysWhatToChange() {
        Rejected noNumber = assertThrows(Rejected.class, () -> NamePattern.names("shop", 2, n -> false));
        assertTrue(noNumber.getMessage().contains("put {n} in the name") && noNumber.getMessage().contains("shop-{n}"), noNumber.getMessage());
        Rejected tooMany = assertThrows(Rejected.class, () -> NamePattern.names("shop-{n}", 11, n -> false));
        assertTrue(tooMany.getMessage().contains("1 to 10"), tooMany.getMessage());
        assertThrows(Rejected.class, () -> NamePattern.names("shop-{n}", 0, n -> false));
        Rejected badName = assertThrows(Rejected.class, () -> NamePattern.names("1shop-{n}", 2, n -> false));
        assertTrue(badName.getMessage().contains("starting with a letter"), badName.getMessage());
        Rejected full = assertThrows(Rejected.class, () -> NamePattern.names("s{n}", 2, n -> !n.equals("s999")));
        assertTrue(full.getMessage().contains("Only 1 names"), full.getMessage());
        Rejected exists = assertThrows(Rejected.class, () -> NamePattern.names(" blog ", 1, Set.of("blog")::contains));
        assertEquals("A server named blog exists already: choose another name", exists.getMessage());
    }

    @Test
    void anotherLikeThisOneIsNumberedAmongItsSiblings() {
        assertEquals("shop-{n}", NamePattern.like("shop-1"));
        assertEquals("blog-{n}", NamePattern.like("blog"));
        assertEquals("web2-{n}", NamePattern.like("web2"));
        assertEquals(List.of("shop-3"), NamePattern.names(NamePattern.like("shop-1"), 1, Set.of("shop-1", "shop-2")::contains));
    }
}
