/** Text as XML allows it (JUnit, checkstyle): escaped, without the control characters XML 1.0 forbids. */
export function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- removing exactly those characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}
