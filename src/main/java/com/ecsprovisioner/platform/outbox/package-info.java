/**
 * The transactional outbox: an event is written in the same database transaction as the change it describes (so no
 * event exists for a change that rolled back, and no change lacks its event), and relayed to the broker afterwards,
 * in order per job. Nothing here knows what the events mean; the engine and the features append them, the automation
 * interface relays them.
 */
package com.ecsprovisioner.platform.outbox;
