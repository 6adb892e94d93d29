import { createApp } from 'vue'
import App from './App.vue'
import { createAppI18n } from './i18n'
import { router } from './router'
import './styles.css'

createApp(App).use(createAppI18n()).use(router).mount('#app')
