import type { SluiceDesktop } from '../../protocol/desktop';

/**
 * The first-run screen (and File › Change Server…): asks for the server once, the main process
 * checks and remembers it, then loads the console against it.
 */
function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no #${id}`);
  return found as T;
}

const form = element<HTMLFormElement>('connect');
const input = element<HTMLInputElement>('server');
const error = element<HTMLParagraphElement>('error');
const submit = element<HTMLButtonElement>('submit');
const desktop = (window as Window & { sluiceDesktop?: SluiceDesktop }).sluiceDesktop;

function showError(message: string): void {
  error.textContent = message;
  error.hidden = false;
  submit.disabled = false;
  input.focus();
}

if (!desktop) {
  showError('This screen belongs to the Sluice desktop app.');
} else {
  void desktop.getServerUrl().then((current) => {
    if (current && input.value === '') input.value = current;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    desktop
      .setServerUrl(input.value)
      .then((result) => {
        // On success the main process loads the console into this window.
        if (!result.ok) showError(result.message);
      })
      .catch(() => showError('The desktop app refused the request.'));
  });
}
