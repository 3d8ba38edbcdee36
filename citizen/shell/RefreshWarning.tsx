import { useText } from '../i18n/text';

export function RefreshWarning() {
  const { t } = useText();
  return (
    <p class="refresh-warning" data-testid="refresh-warning">
      <span aria-hidden="true">⟳✕ </span>
      {t('refresh.warning')}
    </p>
  );
}
