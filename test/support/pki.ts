// Test PKI generated at test time. The generator lives with the stand-in gateway (which also
// needs it at run time, for `fse-desk mock-cart`); tests import it from here.
export * from '../../mock-cart/test-pki.js';
