/**
 * Reads common attributes out of a distinguished-name string as browsers print them
 * ("CN=secure.test,O=\"Example, Inc.\",C=DE" or "CN=a, O=b"). Values are attacker-chosen
 * text; this only splits them, it never interprets them.
 */
export function dnAttributes(dn: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < dn.length) {
    while (dn[i] === ' ' || dn[i] === ',' || dn[i] === '+') i++;
    const eq = dn.indexOf('=', i);
    if (eq < 0) break;
    const key = dn.slice(i, eq).trim().toUpperCase();
    i = eq + 1;
    let value = '';
    if (dn[i] === '"') {
      i++;
      while (i < dn.length && dn[i] !== '"') {
        if (dn[i] === '\\' && i + 1 < dn.length) i++;
        value += dn[i];
        i++;
      }
      i++;
    } else {
      while (i < dn.length && dn[i] !== ',' && dn[i] !== '+') {
        if (dn[i] === '\\' && i + 1 < dn.length) i++;
        value += dn[i];
        i++;
      }
    }
    // The first occurrence wins: it is the one browsers display.
    if (key && !out.has(key)) out.set(key, value.trim());
  }
  return out;
}
