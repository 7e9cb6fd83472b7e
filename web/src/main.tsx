import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { initI18n } from './i18n/index.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// The language loads before the first render, so a Japanese reader never sees English flash.
await initI18n();
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
