import { createPinia } from 'pinia';
import { createApp } from 'vue';
// Styles of the Element Plus services called from scripts (components bring their own).
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import App from './App.vue';
import { createConsoleRouter } from './router';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
app.use(createConsoleRouter());
app.mount('#app');
