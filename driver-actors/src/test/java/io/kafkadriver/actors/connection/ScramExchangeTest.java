package io.kafkadriver.actors.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SCRAM-SHA-256 against the RFC 7677 section 3 example, and the checks that fail a dishonest server. */
class ScramExchangeTest {
    private static final String SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    private static ScramExchange rfcClient() {
        return new ScramExchange(ScramExchange.Hash.SHA_256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
    }

    @Test
    void theRfc7677ExampleGivesTheRfcProofAndAcceptsTheRfcServerSignature() {
        ScramExchange scram = rfcClient();
        assertEquals("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", text(scram.start()));
        assertEquals("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", text(scram.evaluate(bytes(SERVER_FIRST))));
        assertNull(scram.evaluate(bytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")), "complete");
    }

    @Test
    void aWrongServerSignatureFailsTheExchange() {
        ScramExchange scram = rfcClient();
        scram.start();
        scram.evaluate(bytes(SERVER_FIRST));
        SaslExchangeException e = assertThrows(SaslExchangeException.class,
                () -> scram.evaluate(bytes("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")));
        assertTrue(e.getMessage().contains("server signature does not verify"), e.getMessage());
        assertTrue(!e.getMessage().contains("pencil"));
    }

    @Test
    void aNonceThatDoesNotExtendOursOrIterationsOutsideKafkasBoundsFail() {
        ScramExchange foreignNonce = rfcClient();
        foreignNonce.start();
        assertThrows(SaslExchangeException.class, () -> foreignNonce.evaluate(bytes("r=other,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")));
        ScramExchange fewIterations = rfcClient();
        fewIterations.start();
        SaslExchangeException e = assertThrows(SaslExchangeException.class, () -> fewIterations.evaluate(bytes(
                "r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1024")));
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
        ScramExchange refused = rfcClient();
        refused.start();
        refused.evaluate(bytes(SERVER_FIRST));
        assertThrows(SaslExchangeException.class, () -> refused.evaluate(bytes("e=invalid-proof")));
    }

    @Test
    void namesAreEscapedAndSecretsAreNotPrinted() {
        assertEquals("a=3Db=2Cc", ScramExchange.saslName("a=b,c"));
        ScramExchange scram = new ScramExchange(ScramExchange.Hash.SHA_512, "u", "hunter2", ScramExchange.randomNonce());
        assertTrue(!scram.toString().contains("hunter2"), scram.toString());
        assertTrue(!new PlainExchange("u", "hunter2").toString().contains("hunter2"));
        assertTrue(!new OAuthBearerExchange("tok.en.").toString().contains("tok.en."));
    }

    @Test
    void plainAndOAuthBearerMessagesHaveTheirRfcShape() {
        assertEquals("\u0000alice\u0000secret", text(new PlainExchange("alice", "secret").start()));
        OAuthBearerExchange oauth = new OAuthBearerExchange("h.p.");
        assertEquals("n,,\u0001auth=Bearer h.p.\u0001\u0001", text(oauth.start()));
        assertNull(oauth.evaluate(new byte[0]), "an empty answer completes the exchange");
        OAuthBearerExchange rejected = new OAuthBearerExchange("h.p.");
        assertEquals("\u0001", text(rejected.evaluate(bytes("{\"status\":\"invalid_token\"}"))),
                "an error challenge is acknowledged with a lone kvsep (RFC 7628 3.2.3)");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
