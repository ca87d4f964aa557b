package io.oxia.coroutines.it.security

import java.math.BigInteger
import java.nio.file.Files
import java.nio.file.Path
import java.security.KeyPair
import java.security.KeyPairGenerator
import java.security.spec.ECGenParameterSpec
import java.time.Duration
import java.time.Instant
import java.util.Date
import java.util.concurrent.atomic.AtomicLong
import org.bouncycastle.asn1.x500.X500Name
import org.bouncycastle.asn1.x509.BasicConstraints
import org.bouncycastle.asn1.x509.ExtendedKeyUsage
import org.bouncycastle.asn1.x509.Extension
import org.bouncycastle.asn1.x509.GeneralName
import org.bouncycastle.asn1.x509.GeneralNames
import org.bouncycastle.asn1.x509.KeyPurposeId
import org.bouncycastle.asn1.x509.KeyUsage
import org.bouncycastle.cert.X509CertificateHolder
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator
import org.bouncycastle.openssl.jcajce.JcaPEMWriter
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder
import org.bouncycastle.util.io.pem.PemObjectGenerator

/**
 * A throwaway certificate authority for tests: an EC P-256 root, written as PEM into [dir], that
 * issues server and client certificates valid for one day. Nothing it makes is ever committed.
 */
class CertificateAuthority(name: String, private val dir: Path) {
    /** A certificate and its private key (PKCS#8), both PEM files. */
    class Issued(val certificate: Path, val key: Path)

    private val keys = newKeyPair()
    private val subject = X500Name("CN=$name")
    private val extensions = JcaX509ExtensionUtils()

    /** The CA's own certificate, to be trusted by clients and servers. */
    val certificate: Path =
        write(
            "$name-ca.pem",
            sign(subject, keys) {
                it.addExtension(Extension.basicConstraints, true, BasicConstraints(true))
                it.addExtension(
                    Extension.keyUsage,
                    true,
                    KeyUsage(KeyUsage.keyCertSign or KeyUsage.cRLSign),
                )
            },
        )

    /** A server certificate for `127.0.0.1` and `localhost`. */
    fun issueServer(name: String): Issued =
        issue(name, KeyPurposeId.id_kp_serverAuth) {
            it.addExtension(
                Extension.subjectAlternativeName,
                false,
                GeneralNames(
                    arrayOf(
                        GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        GeneralName(GeneralName.dNSName, "localhost"),
                    )
                ),
            )
        }

    /** A client certificate for mutual TLS. */
    fun issueClient(name: String): Issued = issue(name, KeyPurposeId.id_kp_clientAuth) {}

    private fun issue(
        name: String,
        purpose: KeyPurposeId,
        more: (JcaX509v3CertificateBuilder) -> Unit,
    ): Issued {
        val pair = newKeyPair()
        val holder =
            sign(X500Name("CN=$name"), pair) {
                it.addExtension(Extension.basicConstraints, true, BasicConstraints(false))
                it.addExtension(
                    Extension.keyUsage,
                    true,
                    KeyUsage(KeyUsage.digitalSignature or KeyUsage.keyEncipherment),
                )
                it.addExtension(Extension.extendedKeyUsage, false, ExtendedKeyUsage(purpose))
                more(it)
            }
        return Issued(
            write("$name.pem", holder),
            write("$name-key.pem", JcaPKCS8Generator(pair.private, null)),
        )
    }

    /** A certificate for [name] and [pair], signed with this CA's key. */
    private fun sign(
        name: X500Name,
        pair: KeyPair,
        extend: (JcaX509v3CertificateBuilder) -> Unit,
    ): X509CertificateHolder {
        val now = Instant.now()
        val builder =
            JcaX509v3CertificateBuilder(
                subject,
                BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(1))),
                name,
                pair.public,
            )
        builder.addExtension(
            Extension.subjectKeyIdentifier,
            false,
            extensions.createSubjectKeyIdentifier(pair.public),
        )
        extend(builder)
        return builder.build(JcaContentSignerBuilder("SHA256withECDSA").build(keys.private))
    }

    private fun write(file: String, certificate: X509CertificateHolder): Path =
        write(file, JcaMiscPEMGenerator(certificate))

    private fun write(file: String, pem: PemObjectGenerator): Path {
        val path = dir.resolve(file)
        Files.newBufferedWriter(path).use { out -> JcaPEMWriter(out).use { it.writeObject(pem) } }
        return path
    }

    private companion object {
        val SERIALS = AtomicLong(System.currentTimeMillis())

        fun newKeyPair(): KeyPair =
            KeyPairGenerator.getInstance("EC")
                .apply { initialize(ECGenParameterSpec("secp256r1")) }
                .generateKeyPair()
    }
}
