/**
 * Rejecting a recommendation asks why: the reason goes to the audit trail (1 to 500
 * characters, as OperatorAction requires). Escape cancels; focus starts in the reason box.
 */
import { useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';

export const MAX_REASON_CHARS = 500;

export function RejectForm({ id, busy, onSubmit, onCancel }: {
  id: string;
  busy: boolean;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const trimmed = reason.trim();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (trimmed.length > 0) onSubmit(trimmed);
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') onCancel();
  };
  return (
    <form className="reject-form" onSubmit={submit} onKeyDown={onKeyDown} data-testid={`rejection-form-${id}`}>
      <label>
        Reason for rejecting
        <textarea
          data-testid={`rejection-reason-${id}`} value={reason} maxLength={MAX_REASON_CHARS} rows={2} required autoFocus
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <div className="reject-actions">
        <button type="submit" className="danger" data-testid={`rejection-confirm-${id}`} disabled={busy || trimmed.length === 0}>
          Confirm reject
        </button>
        <button type="button" onClick={onCancel} data-testid={`rejection-cancel-${id}`}>Cancel</button>
      </div>
    </form>
  );
}
