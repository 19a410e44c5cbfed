// Renderer entry placeholder: the React UI arrives with the UI issue.
export const APP_NAME = 'Sealdesk';
