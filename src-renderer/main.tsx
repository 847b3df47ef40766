import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { followUrl } from './state/url-sync';
import { App } from './views/App';
import './styles.css';

// Once per page, outside React: the link's place is applied before the first render.
const { opened } = followUrl();
createRoot(document.getElementById('root')!).render(<StrictMode><App openedAt={opened} /></StrictMode>);
