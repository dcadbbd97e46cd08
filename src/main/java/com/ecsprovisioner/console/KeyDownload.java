package com.ecsprovisioner.console;

import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** A created key pair's private key offered once for download, as {@code <key pair>.pem} (empty when there is none). */
final class KeyDownload {

    private KeyDownload() {
    }

    static StreamedContent pem(String keyPairName, String privateKey) {
        String text = privateKey == null ? "" : privateKey;
        return DefaultStreamedContent.builder().name((keyPairName == null ? "key" : keyPairName) + ".pem")
                .contentType("application/x-pem-file")
                .stream(() -> new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))).build();
    }
}
