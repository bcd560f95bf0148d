// Kept apart from client.ts so that code showing a database URL need not load the database drivers.

/** Hides the password of a connection URL so it can be shown or logged. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<invalid DATABASE_URL>';
  }
}
