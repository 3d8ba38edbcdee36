/** What went wrong and what to do next, read out by screen readers as it appears. */
export function Problem({ text, testId = 'problem' }: { text: string | null; testId?: string }) {
  if (!text) return null;
  return (
    <p class="problem" role="alert" data-testid={testId}>
      <span aria-hidden="true">⚠ </span>
      {text}
    </p>
  );
}
