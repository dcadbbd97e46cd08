/**
 * What every HTTP request and answer of the console goes through, whatever page it is for: the check that a
 * session still belongs to a user who exists with the role it logged in with, the security headers, and who the
 * client is when a trusted proxy stands in between.
 */
package com.ecsprovisioner.web;
