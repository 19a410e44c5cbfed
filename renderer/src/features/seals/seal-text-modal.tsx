/**
 * A small dialog asking for one line of text about a seal: its new name (Rename) or the file to
 * write (Export). Owns: the field's value while open. Must never: call main itself; the page
 * passes what to do with the text and closes the dialog when that succeeded.
 */
import { Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';

export function SealTextModal({
  open,
  title,
  label,
  initial,
  okText,
  cancelText,
  maxLength,
  busy,
  testId,
  onSubmit,
  onClose,
}: {
  readonly open: boolean;
  readonly title: string;
  readonly label: string;
  readonly initial: string;
  readonly okText: string;
  readonly cancelText: string;
  readonly maxLength?: number;
  readonly busy: boolean;
  /** data-testid of the field; the OK button gets `${testId}-ok`. */
  readonly testId: string;
  readonly onSubmit: (text: string) => void;
  readonly onClose: () => void;
}) {
  const [text, setText] = useState(initial);
  // Each time it opens, start from what the page proposes.
  useEffect(() => {
    if (open) setText(initial);
  }, [open, initial]);
  const value = text.trim();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={cancelText}
      okButtonProps={{ disabled: !value, loading: busy, 'data-testid': `${testId}-ok` }}
      onOk={() => onSubmit(value)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form layout="vertical" onFinish={() => value && onSubmit(value)}>
        <Form.Item label={label}>
          <Input
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label={label}
            data-testid={testId}
            autoFocus
            {...(maxLength !== undefined ? { maxLength, showCount: true } : {})}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
