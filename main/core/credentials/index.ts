// The credentials room's public surface (issue #8: one entry file per room). Loaded whole: every
// importer that uses a value of it also reads certificates (node-forge), and the rest import only types.
export { CredentialsError, loadCartCredentials, type CartCredentials } from './cart-credentials.js';
export { createCertificateService, keepStoredCertificates, type CertificateService } from './certificate-import.js';
export type { CredentialSource, PasswordLookup } from './credential-source.js';
export { inspectCertificate } from './inspect-certificate.js';
// Report signing (issue 9): the holder's tax code of a certificate.
export { taxCodeOfCertificate } from './certificate-holder.js';
export { signingAlgorithmOf } from './key-type.js';
export { keychainBackend, keychainPolicy, type KeychainPolicy } from './keychain-policy.js';
export { loadPkcs12, Pkcs12Error, type Pkcs12Bundle } from './pkcs12.js';
export { createMemorySecretStore, type SecretStore } from './secret-store.js';
export { signerCertificateFor, type SignerCertificate } from './signer-certificate.js';
// The public copy of a certificate saved at import next to the app's copy of the file (report signers' holder and expiry).
export { readPublicCertificate, removeCertificateFiles } from './certificate-files.js';
export { secretStoreCredentialSource } from './stored-passwords.js';
