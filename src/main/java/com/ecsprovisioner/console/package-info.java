/**
 * The admin console's backing beans: one small bean per page or dialog, with the narrowest scope that works. They
 * turn what a person typed into calls on the boundaries of the feature packages and turn the answers, and any
 * refusal, into messages; they hold no business rules, so that everything the console can do can also be done,
 * and tested, without it.
 */
package com.ecsprovisioner.console;
