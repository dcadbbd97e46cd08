/**
 * The product's messaging: the JMS resources every feature sends and receives through (one connection factory on
 * the Artemis resource adapter, XA so that a message is sent only if the transaction that produced it commits),
 * and, as the automation interface grows, the public command and event formats other systems use. Messages carry
 * ids and small facts, never entities, and never secrets.
 */
package com.ecsprovisioner.messaging;
