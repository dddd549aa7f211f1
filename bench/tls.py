#!/usr/bin/env python3
"""A throwaway TLS identity for the benches' local servers, so that the processes timed speak https as they do to
AWS and to a Databricks workspace: a self-signed certificate for 127.0.0.1 only (valid two days), its key, and the
same pair as a PKCS12 keystore (for a Java server).

Usage: tls.py DIR PASSWORD   writes DIR/cert.pem, DIR/key.pem, DIR/server.p12 (the keystore, under PASSWORD).
The Java clients are given a copy of the JDK's own trust store with this certificate added (keytool, in the bench
scripts), so that they load what they load in Lambda, plus one certificate.
"""
import datetime
import ipaddress
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


def main():
    folder, password = sys.argv[1], sys.argv[2].encode()
    os.makedirs(folder, exist_ok=True)
    # P-256, as the certificates of S3's and Databricks' endpoints are ECDSA or RSA; the handshake cost is the JVM's.
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    with open(os.path.join(folder, "cert.pem"), "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(os.path.join(folder, "key.pem"), "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    with open(os.path.join(folder, "server.p12"), "wb") as f:
        f.write(pkcs12.serialize_key_and_certificates(b"bench", key, cert, None,
                                                      serialization.BestAvailableEncryption(password)))


if __name__ == "__main__":
    main()
