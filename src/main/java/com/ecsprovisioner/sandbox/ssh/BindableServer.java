package com.ecsprovisioner.sandbox.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.function.Predicate;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.SessionFactory;

/**
 * MINA's server binds the addresses given before start; the sandbox's addresses come and go while it runs, so
 * this opens the acceptor without binding anything and binds each address on demand.
 */
final class BindableServer extends SshServer {
    /** Asked for each accepted connection, before a single SSH byte is sent. */
    Predicate<SocketAddress> admission = local -> false;

    @Override
    protected SessionFactory createSessionFactory() {
        return new SessionFactory(this) {
            @Override
            public void sessionCreated(IoSession ioSession) throws Exception {
                if (!admission.test(ioSession.getLocalAddress())) {
                    // Closing the socket now makes the client fail to connect at once instead of waiting.
                    ioSession.close(true);
                    return;
                }
                super.sessionCreated(ioSession);
            }

            @Override
            public void sessionClosed(IoSession ioSession) throws Exception {
                if (AbstractSession.getSession(ioSession, true) != null) {
                    super.sessionClosed(ioSession); // refused connections never had an SSH session
                }
            }
        };
    }

    void openWithoutBinding() throws IOException {
        checkConfig();
        if (getSessionFactory() == null) {
            setSessionFactory(createSessionFactory());
        }
        acceptor = createAcceptor();
        setupSessionTimeout(getSessionFactory());
    }

    void bind(InetSocketAddress address) throws IOException {
        acceptor.bind(address);
    }

    void unbind(InetSocketAddress address) {
        acceptor.unbind(address);
    }

    void unbindAll() {
        if (acceptor != null) {
            acceptor.unbind();
        }
    }
}
