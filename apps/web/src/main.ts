import 'element-plus/theme-chalk/base.css';
import 'element-plus/theme-chalk/el-message.css';
import 'element-plus/theme-chalk/el-message-box.css';
import './styles.css';
import { createApp } from 'vue';
import App from './App.vue';
import { whenSignedOut } from './api';
import { pagerLabels } from './composables/pager-labels';
import { i18n } from './i18n';
import { router } from './router';
import { resume, session } from './session';

whenSignedOut(() => {
  session.me = null;
  if (router.currentRoute.value.name !== 'login') void router.push({ name: 'login', query: { next: router.currentRoute.value.fullPath } });
});

const app = createApp(App).use(i18n).directive('pager-labels', pagerLabels);
// A refresh cookie from an earlier visit resumes the session before the first route is chosen.
void resume().then(() => {
  app.use(router);
  app.mount('#app');
});
