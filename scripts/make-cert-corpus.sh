#!/usr/bin/env bash
# Makes the corpus of odd certificates both certificate readers must take (lib/cert/summary.ts,
# lib/cert/parse.ts; tests/unit/cert/corpus.test.ts): what real CAs and real mistakes produce and
# our own PKI code never would — v1 certificates, keys of every kind OpenSSL makes, old signature
# hashes, string types other than UTF8String, multi-valued names, empty subjects, policy
# qualifiers, critical unknown extensions, dates past 2049 (GeneralizedTime), huge serials.
#
# Made by OpenSSL (not by our x509 library, so the readers meet another encoder's choices) and
# committed: tests/fixtures/certs/corpus/NAME.der (small, a few hundred bytes each) plus
# index.json (what each one is). Keys are thrown away. Re-run after adding a case:
#   bash scripts/make-cert-corpus.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/certs/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf "$out"
mkdir -p "$out"
index=()

# The issuer of every non-self-signed case.
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/ca.key" \
  -subj "/C=DE/O=Corpus Test CA/CN=Corpus Test Root" -days 3650 -out "$tmp/ca.pem" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null

# case NAME "what it is" KEYSPEC SUBJECT [openssl x509 -req options…] -- [extension lines…]
# KEYSPEC: an openssl genpkey algorithm spec ("RSA:2048", "EC:P-384", "ED25519", …).
case_cert() {
  local name=$1 what=$2 keyspec=$3 subj=$4
  shift 4
  local opts=() req_opts=()
  while [[ $# -gt 0 && $1 != -- ]]; do
    # -multivalue-rdn is a request option; the rest go to `openssl x509 -req`.
    if [[ $1 == -multivalue-rdn ]]; then req_opts+=("$1"); else opts+=("$1"); fi
    shift
  done
  [[ ${1:-} == -- ]] && shift
  local alg=${keyspec%%:*} param=${keyspec#*:}
  case $alg in
    RSA) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$param" -out "$tmp/$name.key" 2>/dev/null ;;
    RSA-PSS) openssl genpkey -algorithm RSA-PSS -pkeyopt "rsa_keygen_bits:$param" -out "$tmp/$name.key" 2>/dev/null ;;
    EC) openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$param" -out "$tmp/$name.key" 2>/dev/null ;;
    DSA)
      openssl genpkey -genparam -algorithm DSA -pkeyopt "dsa_paramgen_bits:$param" -out "$tmp/$name.param" 2>/dev/null
      openssl genpkey -paramfile "$tmp/$name.param" -out "$tmp/$name.key" 2>/dev/null ;;
    *) openssl genpkey -algorithm "$alg" -out "$tmp/$name.key" 2>/dev/null ;;
  esac
  printf '%s\n' "$@" > "$tmp/$name.ext"
  openssl req -new -key "$tmp/$name.key" -subj "$subj" -out "$tmp/$name.csr" -utf8 "${req_opts[@]}" 2>"$tmp/$name.err" || {
    echo "skipped $name: $(head -1 "$tmp/$name.err")" >&2
    return 0
  }
  local ext=()
  [[ -s "$tmp/$name.ext" && $# -gt 0 ]] && ext=(-extfile "$tmp/$name.ext")
  openssl x509 -req -in "$tmp/$name.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -days 365 \
    "${ext[@]}" "${opts[@]}" -outform DER -out "$out/$name.der" 2>"$tmp/$name.err" || {
    echo "skipped $name: $(head -1 "$tmp/$name.err")" >&2
    return 0
  }
  index+=("$(printf '  "%s": "%s"' "$name" "$what")")
}

san='subjectAltName=DNS:corpus.test'
case_cert v1-no-extensions "X.509 v1: no extensions at all" RSA:2048 "/CN=v1.corpus.test"
case_cert rsa-1024-sha1 "RSA-1024 key signed with SHA-1 (what old devices still serve)" RSA:1024 "/CN=sha1.corpus.test" -sha1 -- "$san"
case_cert rsa-8192 "RSA-8192 key" RSA:8192 "/CN=rsa8192.corpus.test" -- "$san"
case_cert rsa-pss-key "RSA-PSS public key (id-RSASSA-PSS, not rsaEncryption)" RSA-PSS:2048 "/CN=pss.corpus.test" -- "$san"
case_cert ec-p521 "ECDSA P-521 key" EC:P-521 "/CN=p521.corpus.test" -sha512 -- "$san"
case_cert ec-secp256k1 "ECDSA on secp256k1 (a curve no browser accepts)" EC:secp256k1 "/CN=k1.corpus.test" -- "$san"
case_cert ec-brainpool "ECDSA on brainpoolP256r1" EC:brainpoolP256r1 "/CN=brainpool.corpus.test" -- "$san"
case_cert ed25519 "Ed25519 key" ED25519 "/CN=ed25519.corpus.test" -- "$san"
case_cert ed448 "Ed448 key" ED448 "/CN=ed448.corpus.test" -- "$san"
case_cert dsa-2048 "DSA key" DSA:2048 "/CN=dsa.corpus.test" -- "$san"
case_cert empty-subject "empty subject, critical SAN" EC:P-256 "/" -- "subjectAltName=critical,DNS:empty.corpus.test"
case_cert no-cn "subject without a common name" EC:P-256 "/C=DE/O=No Common Name GmbH/OU=Web" -- "subjectAltName=DNS:nocn.corpus.test"
case_cert multi-valued-rdn "multi-valued RDN (CN+OU in one set)" EC:P-256 "/O=Multi/CN=multi.corpus.test+OU=Ops" -multivalue-rdn -- "$san"
case_cert unicode-names "UTF-8 names: umlauts, CJK, right-to-left, emoji" EC:P-256 "/C=DE/O=Bücher & Söhne 株式会社 شركة/CN=bücher.corpus.test 🙂" -- "subjectAltName=DNS:xn--bcher-kva.corpus.test"
case_cert many-attributes "every common subject attribute, repeated OUs, an email address" EC:P-256 "/C=US/ST=California/L=San Francisco/street=1 Market St/postalCode=94105/O=Example, Inc./OU=One/OU=Two/OU=Three/serialNumber=12345/businessCategory=Private Organization/jurisdictionC=US/emailAddress=admin@corpus.test/CN=attrs.corpus.test" -- "$san"
case_cert san-kinds "SANs of every kind: DNS, wildcard, IPv4, IPv6, email, URI, directory name, registered ID, otherName" EC:P-256 "/CN=kinds.corpus.test" -- \
  "subjectAltName=DNS:kinds.corpus.test,DNS:*.kinds.corpus.test,IP:192.0.2.1,IP:2001:db8::1,email:a@corpus.test,URI:https://corpus.test/x,dirName:dir_sect,RID:1.2.3.4,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:user@corpus.test" \
  "[dir_sect]" "C=DE" "O=Directory Name" "CN=Nested"
case_cert san-500 "500 DNS SANs" EC:P-256 "/CN=many.corpus.test" -- "subjectAltName=$(seq -f 'DNS:n%g.many.corpus.test' 0 499 | paste -sd, -)"
case_cert policies-qualified "EV policy with a CPS URI and a user notice, plus anyPolicy" EC:P-256 "/CN=ev.corpus.test" -- \
  "$san" "certificatePolicies=2.23.140.1.1,@pol,2.5.29.32.0" "[pol]" "policyIdentifier=1.3.6.1.4.1.99999.1" "CPS.1=https://corpus.test/cps" "userNotice.1=@notice" "[notice]" "explicitText=UTF8:Read this" "organization=Corpus" "noticeNumbers=1,2"
case_cert ov-dv-both "both the OV and the DV policy" EC:P-256 "/CN=ovdv.corpus.test" -- "$san" "certificatePolicies=2.23.140.1.2.2,2.23.140.1.2.1"
case_cert unknown-critical "an unknown critical extension" EC:P-256 "/CN=crit.corpus.test" -- "$san" "1.3.6.1.4.1.99999.7=critical,DER:04:03:01:02:03"
case_cert every-extension "AIA, CRL distribution points, name constraints, policy constraints, TLS feature (must-staple), key IDs" EC:P-256 "/CN=ext.corpus.test" -- \
  "$san" "authorityInfoAccess=OCSP;URI:http://ocsp.corpus.test,caIssuers;URI:http://corpus.test/ca.crt" \
  "crlDistributionPoints=URI:http://corpus.test/crl" "nameConstraints=critical,permitted;DNS:corpus.test" \
  "tlsfeature=status_request" "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid,issuer" \
  "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth,clientAuth,1.3.6.1.4.1.99999.9"
case_cert generalized-time "valid until after 2049 (GeneralizedTime)" EC:P-256 "/CN=2080.corpus.test" -days 20000 -- "$san"
case_cert serial-20-bytes "20-byte serial with the top bit set" EC:P-256 "/CN=serial.corpus.test" -set_serial 0xFFEEDDCCBBAA99887766554433221100FFEEDDCC -- "$san"
case_cert serial-zero "serial number 0" EC:P-256 "/CN=zero.corpus.test" -set_serial 0 -- "$san"
case_cert ca-intermediate "a CA certificate with a path length" EC:P-384 "/CN=Corpus Intermediate/O=Corpus Test CA" -- "basicConstraints=critical,CA:TRUE,pathlen:0" "keyUsage=critical,keyCertSign,cRLSign"

{
  echo '{'
  (IFS=$'\n'; echo "${index[*]}" | sed '$!s/$/,/')
  echo '}'
} > "$out/index.json"
echo "wrote ${#index[@]} certificates to $out"
