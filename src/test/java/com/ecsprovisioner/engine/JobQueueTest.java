package com.ecsprovisioner.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "advance job N" body: a job id and nothing else; anything else is refused so it ends in the dead-letter queue. */
class JobQueueTest {

    @Test
    void aJobIdIsRead() {
        assertEquals(1050L, JobQueue.jobId("1050"));
        assertEquals(7L, JobQueue.jobId(" 7\n"));
    }

    @Test
    void anythingElseIsRefusedWithWhatArrived() {
        for (String bad : new String[]{null, "", "job 7", "-3", "7.0", "12345678901234567890", "{\"jobId\":7}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobQueue.jobId(bad), String.valueOf(bad));
            assertTrue(e.getMessage().startsWith("Not an \"advance job\" message"), e.getMessage());
        }
    }
}
